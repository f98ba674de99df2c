namespace CustomerIo.Track.Emulator.Store;

/// <summary>Anonymous events, and their move onto the person later identified with that anonymous_id.</summary>
public sealed partial class TrackStore
{
    private readonly List<TrackedEvent> _anonymousEvents = new();
    private readonly HashSet<string> _anonymousEventIds = new(StringComparer.Ordinal);

    public IReadOnlyList<TrackedEvent> AnonymousEvents => _anonymousEvents;

    /// <summary>
    /// Stores an anonymous event (once per event id). When a person was already identified with
    /// this anonymous_id and the event is at most 30 days old, it goes straight onto them, as the
    /// service attributes it. An event without anonymous_id (optional in the file) is kept but can
    /// never be linked.
    /// </summary>
    public bool AddAnonymousEvent(TrackedEvent e)
    {
        lock (_gate)
        {
            if (e.AnonymousId is not null && _byAnonymousId.TryGetValue(e.AnonymousId, out var person) &&
                e.WithinLinkWindow(DateTimeOffset.UtcNow.ToUnixTimeSeconds()))
                return person.AddEvent(e);
            if (e.Id is not null && !_anonymousEventIds.Add(e.Id))
                return false;
            _anonymousEvents.Add(e);
            return true;
        }
    }

    /// <summary>
    /// Moves the anonymous events of <paramref name="anonymousId"/> that are at most 30 days old
    /// onto the person (caller holds the lock). Older ones stay anonymous: the file links only the
    /// last 30 days.
    /// </summary>
    private void AdoptAnonymous(Person person, string anonymousId)
    {
        _byAnonymousId[anonymousId] = person;
        if (_anonymousEvents.Count == 0) return;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        bool Linked(TrackedEvent e) => e.AnonymousId == anonymousId && e.WithinLinkWindow(now);
        var moved = _anonymousEvents.Where(Linked).ToList();
        if (moved.Count == 0) return;
        foreach (var e in moved)
        {
            person.AddEvent(e);
            if (e.Id is not null) _anonymousEventIds.Remove(e.Id);
        }
        _anonymousEvents.RemoveAll(Linked);
    }

    private void ClearAnonymous()
    {
        _anonymousEvents.Clear();
        _anonymousEventIds.Clear();
    }
}
