using System;
using CustomerIo.Track.Loading;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    public class SupportedHostTests
    {
        [Theory]
        [InlineData("7.4.0.500", "8.0.0")]
        [InlineData("7.6.0.500", "10.0.12")]
        public void PowerShell_7_4_or_later_is_supported(string ps, string runtime)
        {
            Assert.Null(SupportedHost.Problem(false, new Version(ps), new Version(runtime)));
        }

        [Fact]
        public void Windows_PowerShell_5_1_is_supported()
        {
            // On .NET Framework the SMA assembly says 3.0.0.0 and the runtime 4.0.30319: neither matters.
            Assert.Null(SupportedHost.Problem(true, new Version(3, 0, 0, 0), new Version(4, 0, 30319, 42000)));
        }

        [Theory]
        [InlineData("7.2.18.500", "6.0.36")]
        [InlineData("7.3.12.500", "7.0.20")]
        [InlineData("7.0.13.500", "3.1.32")]
        public void PowerShell_before_7_4_fails_naming_the_supported_versions(string ps, string runtime)
        {
            string message = SupportedHost.Problem(false, new Version(ps), new Version(runtime));
            Assert.NotNull(message);
            Assert.Contains("Windows PowerShell 5.1", message);
            Assert.Contains("PowerShell 7.4 or later", message);
            var v = new Version(ps);
            Assert.Contains($"PowerShell {v.Major}.{v.Minor}.{v.Build}", message);
        }

        [Fact]
        public void A_runtime_without_System_Text_Json_8_fails_even_if_the_version_looks_new()
        {
            Assert.NotNull(SupportedHost.Problem(false, new Version(7, 4, 0, 500), new Version(7, 0, 20)));
        }
    }
}
