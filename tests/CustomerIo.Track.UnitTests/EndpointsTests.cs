using System;
using CustomerIo.Track.Connection;
using CustomerIo.Track.Transport;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    public class EndpointsTests
    {
        [Theory]
        [InlineData("https://track.customer.io")]
        [InlineData("http://127.0.0.1:5000")]
        [InlineData("http://localhost:8080/")]
        [InlineData("http://[::1]:8080/")]
        [InlineData("http://127.8.9.10")]
        public void Accepts_https_and_loopback_http(string uri) => Assert.NotNull(TrackEndpoints.ValidateBaseUri(uri));

        [Theory]
        [InlineData("http://example.com", "https")]
        [InlineData("not a url", "absolute")]
        [InlineData("ftp://track.customer.io", "absolute")]
        [InlineData("/relative/path", "absolute")]
        [InlineData("https://track.customer.io/?x=1", "query")]
        public void Refuses_what_is_not_a_safe_base_uri(string uri, string mentioned)
        {
            var ex = Assert.Throws<ArgumentException>(() => TrackEndpoints.ValidateBaseUri(uri));
            Assert.Contains(mentioned, ex.Message);
        }

        [Theory]
        [InlineData("https://track-eu.customer.io/api/v1/x", "https://track.customer.io", true)]
        [InlineData("https://track.customer.io.evil.com/x", "https://track.customer.io", false)]
        [InlineData("http://track-eu.customer.io/x", "https://track.customer.io", false)]
        [InlineData("http://127.0.0.1:5000/x", "http://127.0.0.1:5000", true)]
        [InlineData("http://localhost:5000/x", "http://127.0.0.1:5000", false)]
        [InlineData("http://127.0.0.1:5001/x", "http://127.0.0.1:5000", false)]
        public void Credentials_go_only_to_customer_io_and_the_connected_host(string target, string connected, bool allowed) =>
            Assert.Equal(allowed, CredentialScope.MayReceiveCredentials(new Uri(target), new Uri(connected)));
    }
}
