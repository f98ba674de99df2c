using System.Text;

namespace CustomerIo.Track.Json
{
    /// <summary>UTF-8 helpers: limits are counted in UTF-8 bytes and lone surrogates have no UTF-8 form.</summary>
    internal static class Utf8
    {
        private static readonly Encoding Strict = new UTF8Encoding(false, true);

        public static int ByteCount(string s) => Encoding.UTF8.GetByteCount(s);

        /// <summary>The index of the first lone UTF-16 surrogate, or -1.</summary>
        public static int IndexOfLoneSurrogate(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (char.IsHighSurrogate(c))
                {
                    if (i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
                    return i;
                }
                if (char.IsLowSurrogate(c)) return i;
            }
            return -1;
        }

        public static byte[] GetBytes(string s) => Strict.GetBytes(s);
    }
}
