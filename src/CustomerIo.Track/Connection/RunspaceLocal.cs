using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace CustomerIo.Track.Connection
{
    /// <summary>
    /// A value each runspace has for itself, like ThreadLocal is per thread. The module's assembly is
    /// loaded once per process, and every runspace that imports the module (Azure Automation jobs in
    /// one sandbox, Start-ThreadJob, ForEach-Object -Parallel, runspace pools) shares its statics; a
    /// static would hand one job's connection to another.
    /// </summary>
    /// <remarks>
    /// Keyed by Runspace.DefaultRunspace: PowerShell sets it on the thread that runs a pipeline of that
    /// runspace (in every version since 2.0, so on the PowerShellStandard 5.1 API too), which is where
    /// cmdlets read and write these values. Not SessionState: a variable there is visible to scripts,
    /// changeable by them and differs between module scopes of one runspace. The ConditionalWeakTable
    /// holds runspaces weakly, so a finished job's values go with its runspace. A thread without a
    /// runspace (none runs a cmdlet) shares one slot.
    /// </remarks>
    internal sealed class RunspaceLocal<T> where T : class
    {
        private sealed class Slot { public volatile T Value; }

        private readonly ConditionalWeakTable<Runspace, Slot> _slots = new ConditionalWeakTable<Runspace, Slot>();
        private readonly Slot _withoutRunspace = new Slot();

        /// <summary>The current runspace's value; null when it has none.</summary>
        public T Value
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                if (runspace == null) return _withoutRunspace.Value;
                return _slots.TryGetValue(runspace, out Slot slot) ? slot.Value : null;
            }
            set
            {
                var runspace = Runspace.DefaultRunspace;
                var slot = runspace == null ? _withoutRunspace : _slots.GetValue(runspace, _ => new Slot());
                slot.Value = value;
            }
        }
    }
}
