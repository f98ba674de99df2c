using System;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    public class UnixTimeTests
    {
        [Fact]
        public void Dates_become_unix_seconds()
        {
            Assert.Equal(1700000000, UnixTime.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(1700000000), "t"));
            Assert.Equal(0, UnixTime.FromDateTime(new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc), "t"));
        }

        [Fact]
        public void Dates_before_1970_and_after_3000_are_refused_naming_the_field()
        {
            var early = Assert.Throws<RecordValidationException>(() => UnixTime.FromDateTime(new DateTime(1969, 12, 31, 0, 0, 0, DateTimeKind.Utc), "created_at"));
            Assert.Equal("created_at", early.Field);
            Assert.Contains("before 1970", early.Message);
            var late = Assert.Throws<RecordValidationException>(() => UnixTime.Check(1_700_000_000_000, "timestamp"));
            Assert.Contains("milliseconds", late.Message);
        }
    }
}
