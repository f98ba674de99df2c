using System.Runtime.CompilerServices;
using System.Management.Automation;
using System.Text.Json;
using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations
{
    /// <summary>
    /// What -AsOperation emits: the v2 item as an object typed 'CustomerIo.Track.Operation', so
    /// ConvertTo-Json shows exactly what would be sent. Each view remembers its Operation (and so
    /// the original input row), so Invoke-CioBatch reports errors against the CSV row.
    /// </summary>
    internal static class OperationView
    {
        public const string TypeName = "CustomerIo.Track.Operation";
        private static readonly ConditionalWeakTable<object, Operation> Links = new ConditionalWeakTable<object, Operation>();

        public static PSObject Create(Operation op)
        {
            PSObject view;
            using (var doc = JsonDocument.Parse(op.BatchItem))
                view = (PSObject)JsonToPowerShell.Convert(doc.RootElement);
            view.TypeNames.Insert(0, TypeName);
            Links.Add(view, op);
            return view;
        }

        /// <summary>The Operation behind a view emitted by -AsOperation in this session, if any.</summary>
        public static Operation Find(object value)
        {
            if (value is PSObject pso && Links.TryGetValue(pso, out var op)) return op;
            if (value is PSObject wrapped && wrapped.BaseObject != null && Links.TryGetValue(wrapped.BaseObject, out op)) return op;
            return null;
        }
    }
}
