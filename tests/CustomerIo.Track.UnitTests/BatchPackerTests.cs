using System.Collections.Generic;
using System.Text;
using CustomerIo.Track.Dispatch;
using CustomerIo.Track.Operations;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    public class BatchPackerTests
    {
        private static Operation Item(string json) =>
            new Operation("person", "identify", "p", "PUT", "/p", null, Encoding.UTF8.GetBytes(json), null);

        [Fact]
        public void Envelope_is_the_items_in_order_inside_a_batch_array()
        {
            var ops = new List<Operation> { Item("{\"a\":1}"), Item("{\"b\":\"é\"}") };
            byte[] body = BatchPacker.Envelope(ops);
            Assert.Equal("{\"batch\":[{\"a\":1},{\"b\":\"é\"}]}", Encoding.UTF8.GetString(body));
        }

        [Fact]
        public void Sizes_count_the_envelope_and_commas_exactly()
        {
            long size = 0;
            int count = 0;
            foreach (var json in new[] { "{\"a\":1}", "{\"b\":2}", "{\"c\":3}" })
            {
                size = BatchPacker.Add(size, count, Encoding.UTF8.GetByteCount(json));
                count++;
            }
            var ops = new List<Operation> { Item("{\"a\":1}"), Item("{\"b\":2}"), Item("{\"c\":3}") };
            Assert.Equal(BatchPacker.Envelope(ops).Length, size);
        }

        [Fact]
        public void A_request_never_passes_the_limit()
        {
            long size = BatchPacker.Add(0, 0, 400_000);
            Assert.True(BatchPacker.CanAdd(size, 1, 99_987));
            Assert.False(BatchPacker.CanAdd(size, 1, 99_988));
            Assert.True(BatchPacker.CanAdd(0, 0, Limits.BatchRequestBytes - BatchPacker.EnvelopeBytes));
        }

        [Fact]
        public void Items_over_32_KB_do_not_go_in_batches()
        {
            Assert.True(BatchPacker.ItemFits(32_000));
            Assert.False(BatchPacker.ItemFits(32_001));
        }
    }
}
