using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace CustomerIo.Track.Transport
{
    /// <summary>
    /// A token bucket shared by everything sent on one connection. It keeps below the configured
    /// requests per second, halves the rate when the service answers 429 (and pauses for its
    /// Retry-After), and climbs back while requests succeed (additive increase, multiplicative decrease).
    /// </summary>
    internal sealed class RateLimiter
    {
        private readonly object _gate = new object();
        private readonly double _maxRate;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private double _rate;
        private double _tokens;
        private double _lastRefill;
        private double _pausedUntil;
        private double _lastThrottled = double.NegativeInfinity;

        public RateLimiter(double requestsPerSecond)
        {
            _maxRate = requestsPerSecond <= 0 ? double.PositiveInfinity : requestsPerSecond;
            _rate = _maxRate;
            _tokens = Burst;
        }

        /// <summary>The current allowed rate (lower than configured for a while after a 429).</summary>
        public double CurrentRate { get { lock (_gate) return _rate; } }

        // Any one-second window holds at most the burst plus one second of refill. Refilling at the rate
        // less the burst keeps every window (the service's fixed seconds included) within the rate itself:
        // 100/s is a burst of 3 and 97/s after it. Pacing at the full rate let a window hold 105 and
        // drew a 429, whose Retry-After pause cost far more than the 3%.
        private double Burst => double.IsInfinity(_rate) ? 1 : Math.Max(1, _rate * 0.03);

        private double Refill => _rate >= 2 * Burst ? _rate - Burst : _rate;

        /// <summary>Would a request get through WaitAsync at once now? (A peek: nothing is taken.)</summary>
        public bool HasToken
        {
            get
            {
                if (double.IsInfinity(_maxRate)) return true;
                lock (_gate)
                {
                    double now = _clock.Elapsed.TotalSeconds;
                    return now >= _pausedUntil && TokensAt(now) >= 1;
                }
            }
        }

        /// <summary>
        /// Takes a token if there is one now. A request that got one as it was started skips WaitAsync,
        /// and HasToken no longer sees the token it is about to use.
        /// </summary>
        public bool TryTake()
        {
            if (double.IsInfinity(_maxRate)) return true;
            lock (_gate) return TryTakeLocked(out _);
        }

        public async Task WaitAsync(CancellationToken cancel)
        {
            if (double.IsInfinity(_maxRate)) return;
            while (true)
            {
                double waitSeconds;
                lock (_gate)
                {
                    if (TryTakeLocked(out waitSeconds)) return;
                }
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(waitSeconds, 0.001)), cancel).ConfigureAwait(false);
            }
        }

        // Caller holds _gate. The bucket's tokens at this moment: what was left, refilled since.
        private double TokensAt(double now) => Math.Min(Burst, _tokens + (now - _lastRefill) * Refill);

        // Caller holds _gate. Takes a token, or says how long until there is one.
        private bool TryTakeLocked(out double waitSeconds)
        {
            double now = _clock.Elapsed.TotalSeconds;
            if (now < _pausedUntil)
            {
                waitSeconds = _pausedUntil - now;
                return false;
            }
            _tokens = TokensAt(now);
            _lastRefill = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                waitSeconds = 0;
                return true;
            }
            waitSeconds = (1 - _tokens) / Refill;
            return false;
        }

        /// <summary>
        /// The service said 429: hold every request until Retry-After has passed and halve the rate,
        /// at most once a second, so a burst of 429s from one overload is one step down.
        /// </summary>
        public void OnThrottled(TimeSpan? retryAfter)
        {
            if (double.IsInfinity(_maxRate)) return;
            lock (_gate)
            {
                double now = _clock.Elapsed.TotalSeconds;
                if (now - _lastThrottled >= 1)
                {
                    _rate = Math.Max(1, _rate / 2);
                    _tokens = Math.Min(_tokens, 0);
                    _lastThrottled = now;
                }
                if (retryAfter.HasValue) _pausedUntil = Math.Max(_pausedUntil, now + retryAfter.Value.TotalSeconds);
            }
        }

        /// <summary>A request succeeded: climb back by 1% of the configured rate per success.</summary>
        public void OnSuccess()
        {
            if (double.IsInfinity(_maxRate)) return;
            lock (_gate)
            {
                if (_rate < _maxRate) _rate = Math.Min(_maxRate, _rate + _maxRate / 100);
            }
        }
    }
}
