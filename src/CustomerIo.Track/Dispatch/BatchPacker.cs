using System.Collections.Generic;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Transport;

namespace CustomerIo.Track.Dispatch
{
    /// <summary>
    /// Packs v2 items greedily, in input order, into {"batch":[...]} requests of at most 500,000
    /// bytes; an item over 32 KB never goes into a batch.
    /// </summary>
    internal static class BatchPacker
    {
        internal static readonly byte[] Head = System.Text.Encoding.ASCII.GetBytes("{\"batch\":[");
        internal static readonly byte[] Tail = System.Text.Encoding.ASCII.GetBytes("]}");

        /// <summary>Bytes of an empty envelope.</summary>
        public static int EnvelopeBytes => Head.Length + Tail.Length;

        public static bool ItemFits(int itemBytes) => itemBytes <= Limits.BatchItemBytes;

        /// <summary>Would a request of currentBytes (count items) stay within the limit with one more item?</summary>
        public static bool CanAdd(long currentBytes, int count, int itemBytes, int maxRequestBytes = Limits.BatchRequestBytes)
        {
            long size = (count == 0 ? EnvelopeBytes : currentBytes) + itemBytes + (count == 0 ? 0 : 1);
            return size <= maxRequestBytes;
        }

        /// <summary>The request size once the item is added.</summary>
        public static long Add(long currentBytes, int count, int itemBytes) =>
            (count == 0 ? EnvelopeBytes : currentBytes) + itemBytes + (count == 0 ? 0 : 1);

        /// <summary>The request body of a batch, written from the items as it is sent.</summary>
        public static RequestBody Body(IReadOnlyList<Operation> ops) => new BatchEnvelopeBody(ops);

        /// <summary>The request body in one array (a batch of one; tests).</summary>
        public static byte[] Envelope(IReadOnlyList<Operation> ops)
        {
            var body = new BatchEnvelopeBody(ops);
            using (var stream = new System.IO.MemoryStream((int)body.Length))
            {
                body.WriteToAsync(stream).GetAwaiter().GetResult();
                return stream.ToArray();
            }
        }
    }
}
