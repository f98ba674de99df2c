using System;
using CustomerIo.Track.Dispatch;
using CustomerIo.Track.Transport;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    public class RetryPolicyTests
    {
        [Theory]
        [InlineData(408, true)] [InlineData(429, true)] [InlineData(500, true)] [InlineData(502, true)]
        [InlineData(503, true)] [InlineData(504, true)] [InlineData(522, true)] [InlineData(524, true)]
        [InlineData(400, false)] [InlineData(401, false)] [InlineData(404, false)] [InlineData(501, false)]
        public void Only_the_documented_statuses_are_transient(int status, bool transient) =>
            Assert.Equal(transient, RetryPolicy.IsTransientStatus(status));

        [Fact]
        public void Backoff_grows_with_jitter_and_is_capped_at_five_seconds()
        {
            for (int i = 0; i < 200; i++)
            {
                var first = RetryPolicy.Backoff(0);
                Assert.InRange(first.TotalMilliseconds, 200, 400);
                var third = RetryPolicy.Backoff(2);
                Assert.InRange(third.TotalMilliseconds, 800, 1600);
                Assert.True(RetryPolicy.Backoff(10) <= TimeSpan.FromSeconds(5));
            }
        }

        [Fact]
        public void Retry_after_reads_seconds_and_http_dates_and_caps_at_300_seconds()
        {
            var now = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
            Assert.Equal(TimeSpan.FromSeconds(2), RetryPolicy.ParseRetryAfter("2", now));
            Assert.Equal(TimeSpan.FromSeconds(300), RetryPolicy.ParseRetryAfter("86400", now));
            Assert.Equal(TimeSpan.FromSeconds(30), RetryPolicy.ParseRetryAfter(now.AddSeconds(30).ToString("R"), now));
            Assert.Equal(TimeSpan.Zero, RetryPolicy.ParseRetryAfter(now.AddSeconds(-30).ToString("R"), now));
            Assert.Null(RetryPolicy.ParseRetryAfter("soon", now));
            Assert.Null(RetryPolicy.ParseRetryAfter(null, now));
        }
    }
}
