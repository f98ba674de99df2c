using System;
using System.IO;
using System.Management.Automation;
using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using CustomerIo.Track.Formatting;

namespace CustomerIo.Track
{
    /// <summary>
    /// Remove-Module takes the module's console views out of the runspace (SessionFormats; the first
    /// cmdlet to run adds them). On Windows PowerShell 5.1 (.NET Framework) our dependencies
    /// (System.Text.Json and friends) are not in the GAC: resolve them from the module folder, and make
    /// sure TLS 1.2 is on. pwsh 7 brings its own System.Text.Json and needs neither.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location);
        private static bool IsNetFramework =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        public void OnImport()
        {
            if (!IsNetFramework) return;
            AppDomain.CurrentDomain.AssemblyResolve += ResolveFromModuleFolder;
#pragma warning disable SYSLIB0014
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
#pragma warning restore SYSLIB0014
        }

        public void OnRemove(PSModuleInfo module)
        {
            SessionFormats.Unregister();
            if (IsNetFramework) AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromModuleFolder;
        }

        private static Assembly ResolveFromModuleFolder(object sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name);
            string candidate = Path.Combine(ModuleFolder, name.Name + ".dll");
            return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
        }
    }
}
