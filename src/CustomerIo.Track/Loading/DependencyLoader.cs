using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace CustomerIo.Track.Loading
{
    /// <summary>
    /// The AssemblyResolve handler: loads the module's dependencies from its Dependencies folder when
    /// DependencyResolver says the request is ours (on pwsh 7 only those the host lacks get here, as the
    /// event is raised only for a load that failed). Registered once per process
    /// however many runspaces import the module, and removed when the last of them removes it.
    /// </summary>
    internal static class DependencyLoader
    {
        public const string FolderName = "Dependencies";
        private static readonly object Gate = new object();
        private static int _imports;
        private static DependencyResolver _resolver;

        public static void Register()
        {
            lock (Gate)
            {
                if (_imports++ > 0) return;
                _resolver = _resolver ?? CreateResolver();
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            }
        }

        public static void Unregister()
        {
            lock (Gate)
            {
                if (_imports == 0 || --_imports > 0) return;
                AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
            }
        }

        private static DependencyResolver CreateResolver()
        {
            Assembly module = typeof(DependencyLoader).Assembly;
            string folder = Path.Combine(Path.GetDirectoryName(module.Location), FolderName);
            var shipped = Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder, "*.dll").Select(f => new ShippedDependency(AssemblyName.GetAssemblyName(f), f))
                : Enumerable.Empty<ShippedDependency>();
            return new DependencyResolver(module.GetName(), shipped);
        }

        private static Assembly Resolve(object sender, ResolveEventArgs args)
        {
            string path = _resolver.PathFor(args.RequestingAssembly?.GetName(), new AssemblyName(args.Name));
            return path == null ? null : Assembly.LoadFrom(path);
        }
    }
}
