using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CustomerIo.Track.Dispatch;
using CustomerIo.Track.Operations;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    // Contract (track-api.md, batch answers): a 207 error's batch_index can be missing or null and the body may
    // carry only meta.error; no item of such a request may be reported accepted on its word.
    public class BatchAnswerTests
    {
        [Theory]
        [InlineData("{\"errors\":[{\"reason\":\"invalid\",\"message\":\"bad\"}]}")]
        [InlineData("{\"errors\":[{\"batch_index\":null,\"reason\":\"invalid\"}]}")]
        [InlineData("{\"errors\":[{\"batch_index\":7,\"reason\":\"invalid\"}]}")]
        [InlineData("{\"meta\":{\"error\":\"something failed\"}}")]
        [InlineData("")]
        public void An_error_naming_no_item_of_the_request_is_unattributed(string body)
        {
            var answer = BatchAnswer.Read(body, 3);
            Assert.Empty(answer.Rejected);
            Assert.Single(answer.Unattributed);
        }

        [Fact]
        public void Indexed_errors_name_their_items()
        {
            var answer = BatchAnswer.Read("{\"errors\":[{\"batch_index\":1,\"reason\":\"invalid\"}]}", 3);
            Assert.Equal("invalid", answer.Rejected[1]);
            Assert.Empty(answer.Unattributed);
        }

        // The halving itself (BatchAnswer.SettleAsync) builds Outcomes, which need System.Management.Automation;
        // this project does not load it, so V2.Batch.Tests.ps1 covers it through the emulator.

        private static Operation Op(string id) =>
            new Operation("person", "identify", id, "PUT", "/api/v1/customers/" + id, Encoding.UTF8.GetBytes("{}"),
                Encoding.UTF8.GetBytes("{\"type\":\"person\"}"), id);
    }
}
