using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using CustomerIo.Track.Dispatch;
using CustomerIo.Track.Transport;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    public class RateLimiterTests
    {
        [Fact]
        public async Task Keeps_to_the_rate_after_a_small_burst()
        {
            var limiter = new RateLimiter(100);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 55; i++) await limiter.WaitAsync(CancellationToken.None);
            // A burst of 3, then 52 more at 97/s: more than half a second, never much faster.
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(450), $"55 requests took only {clock.ElapsedMilliseconds} ms");
        }

        [Fact]
        public void TryTake_takes_what_HasToken_saw_and_no_more()
        {
            var limiter = new RateLimiter(1); // a burst of one token, then one a second
            Assert.True(limiter.HasToken);
            Assert.True(limiter.TryTake());
            Assert.False(limiter.HasToken);
            Assert.False(limiter.TryTake());
        }

        [Fact]
        public void A_burst_of_429s_halves_the_rate_once_and_successes_restore_it()
        {
            var limiter = new RateLimiter(100);
            limiter.OnThrottled(null);
            limiter.OnThrottled(null);
            limiter.OnThrottled(null);
            Assert.Equal(50, limiter.CurrentRate);
            for (int i = 0; i < 49; i++) limiter.OnSuccess();
            Assert.Equal(99, limiter.CurrentRate, 6);
            limiter.OnSuccess();
            limiter.OnSuccess();
            Assert.Equal(100, limiter.CurrentRate);
        }

        [Fact]
        public async Task Retry_after_holds_every_request()
        {
            var limiter = new RateLimiter(1000);
            limiter.OnThrottled(TimeSpan.FromMilliseconds(300));
            var clock = Stopwatch.StartNew();
            await limiter.WaitAsync(CancellationToken.None);
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"waited only {clock.ElapsedMilliseconds} ms");
        }

        [Fact]
        public async Task Zero_means_no_limit()
        {
            var limiter = new RateLimiter(0);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 10_000; i++) await limiter.WaitAsync(CancellationToken.None);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1));
        }
    }
}
