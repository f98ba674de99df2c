using CustomerIo.Track.Dispatch;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    public class ServiceErrorsTests
    {
        [Theory]
        [InlineData("{\"meta\":{\"error\":\"name cannot be blank\"}}", "name cannot be blank")]
        [InlineData("{\"meta\":{\"errors\":[\"a too long\",\"b too long\"]}}", "a too long; b too long")]
        [InlineData("{\"errors\":[{\"reason\":\"invalid\",\"field\":\"identifiers\",\"message\":\"missing id\"}]}", "invalid: missing id (field 'identifiers')")]
        [InlineData("Unauthorized request", "Unauthorized request")]
        [InlineData("", null)]
        public void Reads_every_error_shape_the_service_uses(string body, string expected) =>
            Assert.Equal(expected, ServiceErrors.Message(body));

        [Fact]
        public void Maps_207_errors_to_batch_indexes()
        {
            var errors = ServiceErrors.BatchItemErrors(
                "{\"errors\":[{\"batch_index\":1,\"reason\":\"invalid\",\"message\":\"bad\"},{\"batch_index\":3,\"reason\":\"too_long\",\"field\":\"attributes.x\"}]}");
            Assert.Equal(2, errors.Count);
            Assert.Equal("invalid: bad", errors[1]);
            Assert.Equal("too_long (field 'attributes.x')", errors[3]);
        }
    }
}
