using System.Reflection;

namespace CustomerIo.Track.Loading
{
    /// <summary>A dll the module ships in its Dependencies folder: its identity and where it lies.</summary>
    internal sealed class ShippedDependency
    {
        public ShippedDependency(AssemblyName name, string path)
        {
            Name = name;
            Path = path;
        }

        public AssemblyName Name { get; }
        public string Path { get; }
    }
}
