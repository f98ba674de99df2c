using System;
using System.Net;

namespace CustomerIo.Track.Connection
{
    /// <summary>Where the Track API lives, and which hosts may see the credentials.</summary>
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

        /// <summary>Loopback hosts (localhost, 127.0.0.0/8, ::1) are the only ones allowed plain http.</summary>
        public static bool IsLoopback(Uri uri)
        {
            if (uri.IsLoopback) return true;
            return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
        }

        /// <summary>Checks a user's -BaseUri: absolute http(s), and http only for loopback.</summary>
        public static Uri ValidateBaseUri(string text)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException($"-BaseUri '{text}' is not an absolute http or https URL, such as https://track.customer.io or http://127.0.0.1:5000.");
            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
                throw new ArgumentException($"-BaseUri '{text}' uses http for a host that is not loopback; the API key would cross the network in clear text. Use https (http is allowed only for localhost and 127.0.0.1, such as the emulator).");
            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
                throw new ArgumentException($"-BaseUri '{text}' must not have a query or fragment.");
            return uri;
        }

        /// <summary>
        /// The Authorization header goes only to Customer.io's own hosts and to the host the user connected to,
        /// never to a host a redirect names.
        /// </summary>
        public static bool MayReceiveCredentials(Uri target, Uri connectedTo)
        {
            if (string.Equals(target.Host, connectedTo.Host, StringComparison.OrdinalIgnoreCase) && target.Port == connectedTo.Port)
                return true;
            if (target.Scheme != Uri.UriSchemeHttps) return false;
            return target.Host.Equals("customer.io", StringComparison.OrdinalIgnoreCase)
                || target.Host.EndsWith(".customer.io", StringComparison.OrdinalIgnoreCase);
        }
    }
}
