using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace CustomerIo.Track.Cmdlets.Completion
{
    /// <summary>
    /// Names this session has sent (event names, segment ids, object type ids), offered again by tab
    /// completion. Bounded: the first 1000 distinct values of each kind are kept.
    /// </summary>
    internal static class SeenValues
    {
        public const string EventNames = "event name";
        public const string SegmentIds = "segment id";
        public const string ObjectTypeIds = "object type id";
        private const int MaxPerKind = 1000;
        private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> Kinds =
            new ConcurrentDictionary<string, ConcurrentDictionary<string, byte>>();

        public static void Note(string kind, string value)
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            var values = Kinds.GetOrAdd(kind, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal));
            if (values.Count < MaxPerKind) values.TryAdd(value, 0);
        }

        public static IEnumerable<string> Of(string kind) =>
            Kinds.TryGetValue(kind, out var values) ? values.Keys.OrderBy(v => v, StringComparer.OrdinalIgnoreCase) : Enumerable.Empty<string>();
    }
}
