using System;

namespace CustomerIo.Track.Results
{
    /// <summary>The exception in the ErrorRecord of a record Customer.io did not accept.</summary>
    public sealed class CioRequestException : Exception
    {
        public CioRequestException(string message, int statusCode, string request, Exception inner = null)
            : base(message, inner)
        {
            StatusCode = statusCode;
            Request = request;
        }

        /// <summary>The HTTP status answered, or 0 when no answer came.</summary>
        public int StatusCode { get; }

        /// <summary>Method and path of the request that carried the record.</summary>
        public string Request { get; }
    }
}
