namespace CustomerIo.Track.Emulator.Store;

/// <summary>A person as the emulator holds it. Values are raw JSON text, kept exactly as received.</summary>
public sealed class Person
{
    public Person(string cioId, long createdSeq)
    {
        CioId = cioId;
        CreatedSeq = createdSeq;
    }

    public string CioId { get; }
    /// <summary>Creation order: state lists people in it.</summary>
    public long CreatedSeq { get; }
    public string? Id { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }

    /// <summary>Attribute name to raw JSON value, in the order they were first set.</summary>
    public OrderedDictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);

    public OrderedDictionary<string, Device> Devices { get; } = new(StringComparer.Ordinal);

    public List<TrackedEvent> Events { get; } = new();

    /// <summary>Event ids seen, so that a retried event is stored once.</summary>
    public HashSet<string> EventIds { get; } = new(StringComparer.Ordinal);

    public OrderedDictionary<ObjectKey, Relationship> Relationships { get; } = new();

    /// <summary>Stores an event unless its id was seen already. Returns whether it was stored.</summary>
    public bool AddEvent(TrackedEvent e)
    {
        if (e.Id is not null && !EventIds.Add(e.Id))
            return false;
        Events.Add(e);
        return true;
    }
}
