using System;

namespace CustomerIo.Track.Loading
{
    /// <summary>
    /// Which hosts the module runs in: Windows PowerShell 5.1 (.NET Framework, dependencies shipped
    /// with the module) and PowerShell 7.4 or later (.NET 8 or later, whose own System.Text.Json 8+ the
    /// module uses). PowerShell 7.0-7.3 would fail later with a load error for System.Text.Json 8;
    /// this says so at import instead.
    /// </summary>
    internal static class SupportedHost
    {
        public const string Supported = "Windows PowerShell 5.1 and PowerShell 7.4 or later";
        private static readonly Version MinimumPowerShell = new Version(7, 4);
        private const int MinimumDotNetMajor = 8;

        /// <summary>Null when the host is supported, else the message Import-Module fails with.</summary>
        public static string Problem(bool isNetFramework, Version powerShell, Version runtime)
        {
            if (isNetFramework) return null;
            bool oldPowerShell = powerShell != null && new Version(powerShell.Major, powerShell.Minor) < MinimumPowerShell;
            bool oldRuntime = runtime != null && runtime.Major < MinimumDotNetMajor;
            if (!oldPowerShell && !oldRuntime) return null;
            string which = powerShell != null ? $"PowerShell {powerShell.Major}.{powerShell.Minor}.{Math.Max(powerShell.Build, 0)}" : "this PowerShell";
            return $"CustomerIo.Track supports {Supported}; {which} (.NET {runtime}) is not supported: it lacks System.Text.Json 8. " +
                   "Install PowerShell 7.4 or later, or use Windows PowerShell 5.1.";
        }
    }
}
