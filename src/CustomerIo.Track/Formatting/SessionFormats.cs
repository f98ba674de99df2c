using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace CustomerIo.Track.Formatting
{
    /// <summary>
    /// Adds the module's views (FormatViews) to a runspace's format data, and takes them out again on
    /// Remove-Module: what FormatsToProcess does for a format file. PowerShell keeps a runspace's format
    /// entries in its InitialSessionState and rebuilds its format table from them with Update-FormatData.
    /// The views are added when the first cmdlet of the module starts in a runspace, not at import: the
    /// rebuild costs 15-20 ms, most of an Import-Module (benchmark 4), and none of the module's objects can
    /// reach the screen before one of its cmdlets has run.
    /// </summary>
    internal static class SessionFormats
    {
        private static readonly ConditionalWeakTable<Runspace, object> Registered = new ConditionalWeakTable<Runspace, object>();
        private static readonly object Gate = new object();

        /// <summary>Called as each cmdlet of the module begins; only the first call in a runspace does work.</summary>
        internal static void EnsureRegistered()
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace == null) return;
            lock (Gate)
            {
                if (Registered.TryGetValue(runspace, out _)) return;
                Registered.Add(runspace, Gate);
            }
            Update(runspace, addViews: true);
        }

        /// <summary>Called by Remove-Module.</summary>
        internal static void Unregister()
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace == null) return;
            lock (Gate)
            {
                if (!Registered.Remove(runspace)) return;
            }
            Update(runspace, addViews: false);
        }

        private static void Update(Runspace runspace, bool addViews)
        {
            // Views are cosmetic: a host without an InitialSessionState or without Update-FormatData (a
            // constrained runspace) still gets every object, shown with PowerShell's default view.
            try
            {
                var formats = runspace.InitialSessionState?.Formats;
                if (formats == null) return;
                for (int i = formats.Count - 1; i >= 0; i--)
                {
                    if (IsOurs(formats[i])) formats.RemoveItem(i);
                }
                if (addViews) formats.Add(FormatViews.All().Select(view => new SessionStateFormatEntry(view)));
                using (var powerShell = PowerShell.Create(RunspaceMode.CurrentRunspace))
                {
                    powerShell.AddCommand("Microsoft.PowerShell.Utility\\Update-FormatData").Invoke();
                }
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
            }
        }

        private static bool IsOurs(SessionStateFormatEntry entry) =>
            entry.FormatData != null && FormatViews.TypeNames.Contains(entry.FormatData.TypeName);
    }
}
