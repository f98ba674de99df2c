using System;
using System.Net;

namespace CustomerIo.Track.Transport
{
    /// <summary>Which hosts may see the credentials, and which may be spoken to in plain http.</summary>
    internal static class CredentialScope
    {
        /// <summary>Loopback hosts (localhost, 127.0.0.0/8, ::1) are the only ones allowed plain http.</summary>
        public static bool IsLoopback(Uri uri)
        {
            if (uri.IsLoopback) return true;
            return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
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
