using System;
using System.Management.Automation;
using System.Net;
using System.Runtime.InteropServices;
using CustomerIo.Track.Loading;

namespace CustomerIo.Track
{
    /// <summary>
    /// Import: a PowerShell older than 7.4 fails here with a message naming the supported versions
    /// (before anything touches System.Text.Json). On Windows PowerShell 5.1 (.NET Framework) our
    /// dependencies (System.Text.Json and friends, in the Dependencies folder) are not in the GAC: resolve
    /// them for our own assemblies only, and make sure TLS 1.2 is on. pwsh 7.4+ brings its own
    /// System.Text.Json and needs neither. Remove-Module takes the resolver out of the process.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static bool IsNetFramework =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        public void OnImport()
        {
            // The System.Management.Automation assembly's version is the PowerShell version on 7.x.
            string problem = SupportedHost.Problem(IsNetFramework, typeof(PSObject).Assembly.GetName().Version, Environment.Version);
            if (problem != null) throw new PlatformNotSupportedException(problem);
            if (!IsNetFramework) return;
            DependencyLoader.Register();
#pragma warning disable SYSLIB0014
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
#pragma warning restore SYSLIB0014
        }

        public void OnRemove(PSModuleInfo module)
        {
            if (IsNetFramework) DependencyLoader.Unregister();
        }
    }
}
