namespace CustomerIo.Track.Emulator.Store;

/// <summary>What the emulator only records: manual segments, metrics, form submissions, deliveries.</summary>
public sealed partial class TrackStore
{
    private readonly OrderedDictionary<string, OrderedDictionary<string, bool>> _segments = new(StringComparer.Ordinal);
    private readonly List<string> _metrics = new();
    private readonly List<(string FormId, string? DataRaw)> _forms = new();
    private readonly List<string> _deliveries = new();

    public IEnumerable<KeyValuePair<string, IEnumerable<string>>> Segments =>
        _segments.Select(s => KeyValuePair.Create(s.Key, (IEnumerable<string>)s.Value.Keys));
    public IReadOnlyList<string> Metrics => _metrics;
    public IReadOnlyList<(string FormId, string? DataRaw)> Forms => _forms;
    public IReadOnlyList<string> Deliveries => _deliveries;

    /// <summary>Manual segment membership, ids kept as given (the id_type is not resolved).</summary>
    public void AddToSegment(string segmentId, IEnumerable<string> ids)
    {
        lock (_gate)
        {
            if (!_segments.TryGetValue(segmentId, out var members))
                _segments[segmentId] = members = new OrderedDictionary<string, bool>(StringComparer.Ordinal);
            foreach (var id in ids) members.TryAdd(id, true);
        }
    }

    public void RemoveFromSegment(string segmentId, IEnumerable<string> ids)
    {
        lock (_gate)
        {
            if (!_segments.TryGetValue(segmentId, out var members)) return;
            foreach (var id in ids) members.Remove(id);
        }
    }

    /// <summary>
    /// Merge: each manual segment the secondary is in (named by its id, email or cio_id, as the
    /// ids were given) loses the secondary and gains the primary, named by the same kind of
    /// identifier, unless the primary already belongs (caller holds the lock).
    /// </summary>
    private void MoveSegmentMemberships(Person primary, Person secondary)
    {
        foreach (var (_, members) in _segments)
        {
            var kind = Member(members, secondary);
            if (kind is null) continue;
            foreach (var id in new[] { secondary.Id, secondary.Email, secondary.CioId })
                if (id is not null) members.Remove(id);
            if (Member(members, primary) is not null) continue;
            var primaryName = kind switch
            {
                IdentifierKind.Email => primary.Email,
                IdentifierKind.CioId => primary.CioId,
                _ => primary.Id,
            } ?? primary.Id ?? primary.Email ?? primary.CioId;
            members.TryAdd(primaryName, true);
        }
    }

    /// <summary>By which kind of identifier a person is a member, or null when they are not.</summary>
    private static IdentifierKind? Member(OrderedDictionary<string, bool> members, Person p) =>
        p.Id is not null && members.ContainsKey(p.Id) ? IdentifierKind.Id
        : p.Email is not null && members.ContainsKey(p.Email) ? IdentifierKind.Email
        : members.ContainsKey(p.CioId) ? IdentifierKind.CioId
        : null;

    /// <summary>Records a v1 metric body (raw JSON object).</summary>
    public void AddMetric(string raw)
    {
        lock (_gate) _metrics.Add(raw);
    }

    public void AddForm(string formId, string? dataRaw)
    {
        lock (_gate) _forms.Add((formId, dataRaw));
    }

    /// <summary>Records a v2 delivery operation (raw JSON object).</summary>
    public void AddDelivery(string raw)
    {
        lock (_gate) _deliveries.Add(raw);
    }

    private void ClearLists()
    {
        ClearAnonymous();
        _segments.Clear();
        _metrics.Clear();
        _forms.Clear();
        _deliveries.Clear();
    }
}
