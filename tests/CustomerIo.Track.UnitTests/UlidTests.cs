using System.Collections.Generic;
using CustomerIo.Track.Operations;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    public class UlidTests
    {
        [Fact]
        public void Ulids_are_26_crockford_characters_unique_and_time_ordered()
        {
            var seen = new HashSet<string>();
            for (int i = 0; i < 10_000; i++)
            {
                string id = Ulid.NewUlid();
                Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}$", id);
                Assert.True(seen.Add(id));
            }
            Assert.True(string.CompareOrdinal(Ulid.Create(1_700_000_000_000), Ulid.Create(1_700_000_000_001)) < 0);
            Assert.StartsWith("01HF", Ulid.Create(1_700_000_000_000));
        }
    }
}
