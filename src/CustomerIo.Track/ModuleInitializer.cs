using System;
using System.Management.Automation;
using System.Net;
using System.Runtime.InteropServices;
using CustomerIo.Track.Loading;

namespace CustomerIo.Track
{
    /// <summary>
    /// Import: a PowerShell older than 7.4 fails here with a message naming the supported versions
    /// (before anything touches System.Text.Json). Our dependencies lie in the Dependencies folder, where
    /// no host looks: resolve them for our own assemblies only. On Windows PowerShell 5.1 (.NET Framework)
    /// that is all of them (System.Text.Json and friends are not in the GAC), and TLS 1.2 must be on.
    /// pwsh 7.4+ brings its own System.Text.Json, so only what it lacks (the CSV reader, Sylvan.Data.Csv)
    /// ever reaches the handler there. Remove-Module takes the resolver out of the process.
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
            DependencyLoader.Register();
            if (!IsNetFramework) return;
#pragma warning disable SYSLIB0014
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
#pragma warning restore SYSLIB0014
        }

        public void OnRemove(PSModuleInfo module)
        {
            DependencyLoader.Unregister();
        }
    }
}
