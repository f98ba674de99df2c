using System.Net.Http;

namespace CustomerIo.Track.Transport
{
    /// <summary>
    /// A request body that can be sent more than once (retries, redirects): each attempt gets fresh
    /// content. A batch body is written from its items as it is sent, never copied into one array.
    /// </summary>
    internal abstract class RequestBody
    {
        /// <summary>Bytes on the wire.</summary>
        public abstract long Length { get; }

        public abstract HttpContent CreateContent();

        /// <summary>A body already serialized in one array; null stays null (no body).</summary>
        public static RequestBody FromBytes(byte[] bytes) => bytes == null ? null : new BytesBody(bytes);

        private sealed class BytesBody : RequestBody
        {
            private readonly byte[] _bytes;

            public BytesBody(byte[] bytes) { _bytes = bytes; }

            public override long Length => _bytes.Length;

            public override HttpContent CreateContent() => new ByteArrayContent(_bytes);
        }
    }
}
