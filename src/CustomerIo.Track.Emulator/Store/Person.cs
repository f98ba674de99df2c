namespace CustomerIo.Track.Emulator.Store;

/// <summary>A person as the emulator holds it. Values are raw JSON text, kept exactly as received.</summary>
public sealed class Person
{
    // Most people never get a device, an event or a relationship: those tables are created on
    // first use. A bulk import then keeps a few objects per person instead of a dozen, which is
    // what the GC copies and marks while 100,000 people pile up.
    private OrderedDictionary<string, Device>? _devices;
    private List<TrackedEvent>? _events;
    private HashSet<string>? _eventIds;
    private OrderedDictionary<ObjectKey, Relationship>? _relationships;

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
    public AttributeTable Attributes { get; } = new();

    /// <summary>Device id to device, for changing them (creates the table).</summary>
    public OrderedDictionary<string, Device> Devices => _devices ??= new(StringComparer.Ordinal);

    /// <summary>The devices, for reading (creates nothing).</summary>
    public IEnumerable<KeyValuePair<string, Device>> DeviceEntries =>
        _devices ?? Enumerable.Empty<KeyValuePair<string, Device>>();

    public IReadOnlyList<TrackedEvent> Events => (IReadOnlyList<TrackedEvent>?)_events ?? [];

    /// <summary>Object to relationship, for changing them (creates the table).</summary>
    public OrderedDictionary<ObjectKey, Relationship> Relationships => _relationships ??= new();

    /// <summary>The relationships, for reading (creates nothing).</summary>
    public IEnumerable<KeyValuePair<ObjectKey, Relationship>> RelationshipEntries =>
        _relationships ?? Enumerable.Empty<KeyValuePair<ObjectKey, Relationship>>();

    /// <summary>The relationship to an object, or null (creates nothing).</summary>
    public Relationship? FindRelationship(ObjectKey key) =>
        _relationships is not null && _relationships.TryGetValue(key, out var r) ? r : null;

    public void RemoveDevice(string deviceId) => _devices?.Remove(deviceId);

    public void RemoveRelationship(ObjectKey key) => _relationships?.Remove(key);

    /// <summary>Stores an event unless its id was seen already. Returns whether it was stored.</summary>
    public bool AddEvent(TrackedEvent e)
    {
        if (e.Id is not null && !(_eventIds ??= new(StringComparer.Ordinal)).Add(e.Id))
            return false;
        (_events ??= new()).Add(e);
        return true;
    }
}
