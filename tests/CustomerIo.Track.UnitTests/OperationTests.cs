using System.Text;
using CustomerIo.Track.Operations;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    /// <summary>An Operation never changes once built: a run's number and a builder's ordering come as copies.</summary>
    public class OperationTests
    {
        private static Operation Identify(string id) =>
            new Operation("person", "identify", id, "PUT", "/api/v1/customers/" + id, Encoding.UTF8.GetBytes("{}"), null, "row " + id);

        [Fact]
        public void Numbered_returns_a_numbered_copy_and_leaves_the_original_alone()
        {
            var op = Identify("a");
            var first = op.Numbered(7);
            var second = first.Numbered(9);
            Assert.Equal(0, op.RecordNumber);
            Assert.Equal(7, first.RecordNumber);
            Assert.Equal(9, second.RecordNumber);
            Assert.Same(op.Body, first.Body);
            Assert.Equal("person:a", first.EntityKey);
        }

        [Fact]
        public void OrderedBy_returns_a_copy_with_the_keys_and_leaves_the_original_alone()
        {
            var op = Identify("a");
            var merged = op.OrderedBy("person:a", "person:b");
            var unordered = op.OrderedBy(null);
            Assert.Equal("person:a", op.EntityKey);
            Assert.Null(op.RelatedKeys);
            Assert.Equal(new[] { "person:b" }, merged.RelatedKeys);
            Assert.Null(unordered.EntityKey);
            Assert.Null(unordered.RelatedKeys);
        }
    }
}
