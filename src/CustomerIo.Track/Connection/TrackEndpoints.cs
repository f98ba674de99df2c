using System;
using CustomerIo.Track.Transport;

namespace CustomerIo.Track.Connection
{
    /// <summary>Where the Track API lives: the regions' hosts and a user's -BaseUri.</summary>
    internal static class TrackEndpoints
    {
        public static readonly Uri Us = new Uri("https://track.customer.io");
        public static readonly Uri Eu = new Uri("https://track-eu.customer.io");

        public static Uri ForRegion(CioRegion region) => region == CioRegion.EU ? Eu : Us;

        public static CioRegion? ParseRegion(string region)
        {
            if (string.Equals(region, "eu", StringComparison.OrdinalIgnoreCase)) return CioRegion.EU;
            if (string.Equals(region, "us", StringComparison.OrdinalIgnoreCase)) return CioRegion.US;
            return null;
        }

        /// <summary>Checks a user's -BaseUri: absolute http(s), and http only for loopback.</summary>
        public static Uri ValidateBaseUri(string text)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException($"-BaseUri '{text}' is not an absolute http or https URL, such as https://track.customer.io or http://127.0.0.1:5000.");
            if (uri.Scheme == Uri.UriSchemeHttp && !CredentialScope.IsLoopback(uri))
                throw new ArgumentException($"-BaseUri '{text}' uses http for a host that is not loopback; the API key would cross the network in clear text. Use https (http is allowed only for localhost and 127.0.0.1, such as the emulator).");
            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
                throw new ArgumentException($"-BaseUri '{text}' must not have a query or fragment.");
            return uri;
        }
    }
}
