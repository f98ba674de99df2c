using System;
using System.Collections.Generic;
using CustomerIo.Track.Operations;

namespace CustomerIo.Track.Dispatch
{
    /// <summary>
    /// Packs v2 items greedily, in input order, into {"batch":[...]} requests of at most 500,000
    /// bytes; an item over 32 KB never goes into a batch.
    /// </summary>
    internal static class BatchPacker
    {
        private static readonly byte[] Head = System.Text.Encoding.ASCII.GetBytes("{\"batch\":[");
        private static readonly byte[] Tail = System.Text.Encoding.ASCII.GetBytes("]}");

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

        /// <summary>The request body, written straight into an array of its exact size.</summary>
        public static byte[] Envelope(IReadOnlyList<Operation> ops)
        {
            long size = EnvelopeBytes + ops.Count - 1;
            foreach (var op in ops) size += op.BatchItem.Length;
            var body = new byte[size];
            Buffer.BlockCopy(Head, 0, body, 0, Head.Length);
            int at = Head.Length;
            for (int i = 0; i < ops.Count; i++)
            {
                if (i > 0) body[at++] = (byte)',';
                var item = ops[i].BatchItem;
                Buffer.BlockCopy(item, 0, body, at, item.Length);
                at += item.Length;
            }
            Buffer.BlockCopy(Tail, 0, body, at, Tail.Length);
            return body;
        }
    }
}
