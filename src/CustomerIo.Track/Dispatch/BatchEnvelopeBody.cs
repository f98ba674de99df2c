using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Transport;

namespace CustomerIo.Track.Dispatch
{
    /// <summary>
    /// {"batch":[item,item,...]} written straight from the operations' items through a small pooled
    /// buffer. A 500 KB array per batch would land on the large object heap and bring full
    /// garbage collections while rows stream.
    /// </summary>
    internal sealed class BatchEnvelopeBody : RequestBody
    {
        private const int ChunkBytes = 16 * 1024;
        private static readonly byte[] Comma = { (byte)',' };
        private readonly IReadOnlyList<Operation> _ops;

        public BatchEnvelopeBody(IReadOnlyList<Operation> ops)
        {
            _ops = ops;
            long size = BatchPacker.EnvelopeBytes + ops.Count - 1;
            foreach (var op in ops) size += op.BatchItem.Length;
            Length = size;
        }

        public override long Length { get; }

        public override HttpContent CreateContent() => new Content(this);

        /// <summary>Writes the whole body to a stream (the HTTP content, or a test's memory stream).</summary>
        public async Task WriteToAsync(Stream stream)
        {
            byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
            try
            {
                int used = 0;
                async Task Put(byte[] bytes)
                {
                    if (used + bytes.Length > chunk.Length)
                    {
                        await stream.WriteAsync(chunk, 0, used).ConfigureAwait(false);
                        used = 0;
                    }
                    if (bytes.Length > chunk.Length)
                    {
                        await stream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
                        return;
                    }
                    System.Buffer.BlockCopy(bytes, 0, chunk, used, bytes.Length);
                    used += bytes.Length;
                }

                await Put(BatchPacker.Head).ConfigureAwait(false);
                for (int i = 0; i < _ops.Count; i++)
                {
                    if (i > 0) await Put(Comma).ConfigureAwait(false);
                    await Put(_ops[i].BatchItem).ConfigureAwait(false);
                }
                await Put(BatchPacker.Tail).ConfigureAwait(false);
                if (used > 0) await stream.WriteAsync(chunk, 0, used).ConfigureAwait(false);
            }
            finally { ArrayPool<byte>.Shared.Return(chunk); }
        }

        private sealed class Content : HttpContent
        {
            private readonly BatchEnvelopeBody _body;

            public Content(BatchEnvelopeBody body) { _body = body; }

            protected override Task SerializeToStreamAsync(Stream stream, TransportContext context) => _body.WriteToAsync(stream);

            protected override bool TryComputeLength(out long length)
            {
                length = _body.Length;
                return true;
            }
        }
    }
}
