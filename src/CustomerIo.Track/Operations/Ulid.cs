using System;
using System.Security.Cryptography;

namespace CustomerIo.Track.Operations
{
    /// <summary>
    /// ULIDs for event ids: 48-bit millisecond time + 80 random bits, Crockford base32. The service
    /// drops an event whose id it has seen, so a retried request is counted once.
    /// </summary>
    internal static class Ulid
    {
        private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        private static readonly RandomNumberGenerator Random = RandomNumberGenerator.Create();

        public static string NewUlid() => Create(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        internal static string Create(long unixMs)
        {
            var random = new byte[10];
            lock (Random) Random.GetBytes(random);
            var chars = new char[26];
            for (int i = 9; i >= 0; i--) { chars[i] = Alphabet[(int)(unixMs & 31)]; unixMs >>= 5; }
            // 80 random bits as 16 base32 digits.
            int bitBuffer = 0, bits = 0, pos = 10;
            foreach (byte b in random)
            {
                bitBuffer = (bitBuffer << 8) | b;
                bits += 8;
                while (bits >= 5) { bits -= 5; chars[pos++] = Alphabet[(bitBuffer >> bits) & 31]; }
            }
            return new string(chars);
        }
    }
}
