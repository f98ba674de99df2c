using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;

namespace CustomerIo.Track.Json
{
    /// <summary>Turns JSON into what ConvertFrom-Json would give: custom objects, arrays, longs, doubles, strings.</summary>
    internal static class JsonToPowerShell
    {
        public static object Convert(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    var pso = new PSObject();
                    foreach (var p in e.EnumerateObject())
                        pso.Properties.Add(new PSNoteProperty(p.Name, Convert(p.Value)));
                    return pso;
                case JsonValueKind.Array:
                    var list = new List<object>();
                    foreach (var item in e.EnumerateArray()) list.Add(Convert(item));
                    return list.ToArray();
                case JsonValueKind.String: return e.GetString();
                case JsonValueKind.Number:
                    if (e.TryGetInt64(out long l)) return l;
                    if (e.TryGetDecimal(out decimal m) && m.ToString(System.Globalization.CultureInfo.InvariantCulture) == e.GetRawText()) return m;
                    return e.GetDouble();
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                default: return null;
            }
        }
    }
}
