using System;
using System.Globalization;
using System.Management.Automation;
using System.Text;

namespace CustomerIo.Track.Cmdlets.Import
{
    /// <summary>
    /// -Encoding as Import-Csv takes it: a name (utf8, utf8BOM, utf8NoBOM, unicode, bigendianunicode,
    /// utf32, bigendianutf32, ascii, latin1, oem, utf7), a code page number or a .NET encoding name
    /// (windows-1252), or an Encoding object. A byte order mark in the file wins over it, as in Import-Csv.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class EncodingArgumentAttribute : ArgumentTransformationAttribute
    {
        public static readonly string[] Names =
        {
            "utf8", "utf8BOM", "utf8NoBOM", "unicode", "bigendianunicode", "utf32", "bigendianutf32", "ascii", "latin1", "oem", "utf7",
        };

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject pso ? pso.BaseObject : inputData;
            switch (value)
            {
                case Encoding encoding: return encoding;
                case int codePage: return Encoding.GetEncoding(codePage);
                case string name: return FromName(name);
                default: return inputData;
            }
        }

        public static Encoding FromName(string name)
        {
            switch (name.Trim().ToLowerInvariant())
            {
                case "utf8":
                case "utf8bom":
                case "utf8nobom": return new UTF8Encoding(false);
                case "unicode": return Encoding.Unicode;
                case "bigendianunicode": return Encoding.BigEndianUnicode;
                case "utf32": return Encoding.UTF32;
                case "bigendianutf32": return new UTF32Encoding(bigEndian: true, byteOrderMark: true);
                case "ascii": return Encoding.ASCII;
                case "latin1": return Encoding.GetEncoding(28591);
                case "oem": return Encoding.GetEncoding(CultureInfo.CurrentCulture.TextInfo.OEMCodePage);
#pragma warning disable SYSLIB0001 // UTF-7: still a name Import-Csv takes
                case "utf7": return Encoding.UTF7;
#pragma warning restore SYSLIB0001
            }
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int codePage)) return Encoding.GetEncoding(codePage);
            try { return Encoding.GetEncoding(name); }
            catch (ArgumentException)
            {
                throw new ArgumentTransformationMetadataException(
                    $"'{name}' is not an encoding: use one of {string.Join(", ", Names)}, a code page number or an encoding name such as windows-1252.", null);
            }
        }
    }
}
