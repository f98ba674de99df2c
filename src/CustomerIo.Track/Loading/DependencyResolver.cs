using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace CustomerIo.Track.Loading
{
    /// <summary>
    /// Decides which AssemblyResolve requests the module answers (all its dependencies on Windows PowerShell
    /// 5.1, what the host lacks on pwsh 7): only those
    /// made by the module's own assemblies (the module dll and the dependencies it ships), for a name in
    /// its dependency list, at a version no newer than the one it ships. Anything else belongs to someone
    /// else (another module asking for System.Text.Json 10 must not get our 8), so the answer is null.
    /// Pure: no file system, no AppDomain, so the decision is unit-tested.
    /// </summary>
    internal sealed class DependencyResolver
    {
        private readonly List<AssemblyName> _ownAssemblies;
        private readonly Dictionary<string, ShippedDependency> _dependencies;

        public DependencyResolver(AssemblyName module, IEnumerable<ShippedDependency> dependencies)
        {
            var shipped = dependencies.ToList();
            _dependencies = shipped.ToDictionary(d => d.Name.Name, StringComparer.OrdinalIgnoreCase);
            _ownAssemblies = new List<AssemblyName> { module };
            _ownAssemblies.AddRange(shipped.Select(d => d.Name));
        }

        /// <summary>The file to load for this request, or null to leave it to other handlers.</summary>
        public string PathFor(AssemblyName requester, AssemblyName requested)
        {
            if (requester == null || requested == null) return null;
            if (!_ownAssemblies.Any(own => SameIdentity(own, requester))) return null;
            if (!_dependencies.TryGetValue(requested.Name, out var dependency)) return null;
            if (requested.Version != null && requested.Version > dependency.Name.Version) return null;
            if (!TokenMatches(requested, dependency.Name)) return null;
            return dependency.Path;
        }

        private static bool SameIdentity(AssemblyName a, AssemblyName b) =>
            string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase)
            && Equals(a.Version, b.Version)
            && TokenMatches(a, b) && TokenMatches(b, a);

        // A request without a public key token accepts any; one with a token wants that publisher's assembly.
        private static bool TokenMatches(AssemblyName requested, AssemblyName shipped)
        {
            byte[] wanted = requested.GetPublicKeyToken();
            if (wanted == null || wanted.Length == 0) return true;
            byte[] have = shipped.GetPublicKeyToken() ?? Array.Empty<byte>();
            return wanted.SequenceEqual(have);
        }
    }
}
