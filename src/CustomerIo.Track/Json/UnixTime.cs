using System;
using System.Globalization;
using CustomerIo.Track.Operations;

namespace CustomerIo.Track.Json
{
    /// <summary>Customer.io timestamps are integer Unix seconds; this turns what users pass into them.</summary>
    internal static class UnixTime
    {
        /// <summary>Later than this is certainly a mistake (milliseconds passed as seconds, say): year 3000.</summary>
        public const long MaxSeconds = 32_503_680_000;

        public static long FromDateTimeOffset(DateTimeOffset value, string field)
        {
            long seconds = value.ToUnixTimeSeconds();
            return Check(seconds, field);
        }

        public static long FromDateTime(DateTime value, string field)
        {
            // Unspecified kind (as from Get-Date parsing a plain string) is taken as local time, like PowerShell does.
            var utc = value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();
            return FromDateTimeOffset(new DateTimeOffset(utc, TimeSpan.Zero), field);
        }

        public static long Check(long seconds, string field)
        {
            if (seconds < 0)
                throw new RecordValidationException(field,
                    $"'{field}' is before 1970-01-01 ({seconds} Unix seconds); Customer.io timestamps are Unix seconds from 0 to {MaxSeconds}.",
                    "TimestampOutOfRange");
            if (seconds > MaxSeconds)
                throw new RecordValidationException(field,
                    $"'{field}' is {seconds} Unix seconds, after the year 3000 (limit {MaxSeconds}); was it given in milliseconds?",
                    "TimestampOutOfRange");
            return seconds;
        }

        /// <summary>Converts any supported timestamp value (DateTime, DateTimeOffset, number, digit string).</summary>
        public static long FromObject(object value, string field)
        {
            value = PowerShellValues.Unwrap(value);
            switch (value)
            {
                case DateTime dt: return FromDateTime(dt, field);
                case DateTimeOffset dto: return FromDateTimeOffset(dto, field);
                case int i: return Check(i, field);
                case long l: return Check(l, field);
                case uint ui: return Check(ui, field);
                case short s: return Check(s, field);
                case double d when !double.IsNaN(d) && !double.IsInfinity(d) && Math.Floor(d) == d && Math.Abs(d) < 1e15:
                    return Check((long)d, field);
                case decimal m when decimal.Truncate(m) == m && Math.Abs(m) < 1e15m:
                    return Check((long)m, field);
                case string str:
                    str = str.Trim();
                    if (long.TryParse(str, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed))
                        return Check(parsed, field);
                    if (DateTimeOffset.TryParse(str, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsedDate))
                        return FromDateTimeOffset(parsedDate, field);
                    break;
            }
            throw new RecordValidationException(field,
                $"'{field}' must be a DateTime, a DateTimeOffset or whole Unix seconds; got {PowerShellValues.Describe(value)}.",
                "InvalidTimestamp");
        }
    }
}
