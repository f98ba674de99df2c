using System;
using System.Globalization;

namespace CustomerIo.Track.Transport
{
    /// <summary>
    /// Which failures are worth another try and how long to wait: the rules of Customer.io's own
    /// Node client (exponential backoff with jitter, Retry-After honoured and capped).
    /// </summary>
    internal static class RetryPolicy
    {
        public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
        public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(300);
        private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(200);
        [ThreadStatic] private static Random _random;

        public static bool IsTransientStatus(int status)
        {
            switch (status)
            {
                case 408: case 429: case 500: case 502: case 503: case 504: case 522: case 524: return true;
                default: return false;
            }
        }

        /// <summary>min(5 s, (1 + rand) * 200 ms * 2^retry), retry counting from 0.</summary>
        public static TimeSpan Backoff(int retry)
        {
            var random = _random ?? (_random = new Random(Guid.NewGuid().GetHashCode()));
            double ms = (1 + random.NextDouble()) * BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 20));
            return TimeSpan.FromMilliseconds(Math.Min(ms, MaxBackoff.TotalMilliseconds));
        }

        /// <summary>Retry-After as delta seconds or an HTTP date; null when absent or unreadable; capped at 300 s.</summary>
        public static TimeSpan? ParseRetryAfter(string value, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            value = value.Trim();
            TimeSpan delay;
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
            {
                if (double.IsNaN(seconds) || seconds < 0) return null;
                delay = TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryAfter.TotalSeconds));
            }
            else if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
                delay = date - now;
            else
                return null;
            if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
            return delay > MaxRetryAfter ? MaxRetryAfter : delay;
        }
    }
}
