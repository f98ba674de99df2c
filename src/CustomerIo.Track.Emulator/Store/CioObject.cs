namespace CustomerIo.Track.Emulator.Store;

/// <summary>An object (company, account...) is keyed by its type id and its id.</summary>
public readonly record struct ObjectKey(string ObjectTypeId, string ObjectId);

public sealed class CioObject
{
    public CioObject(ObjectKey key, string cioObjectId, long createdSeq)
    {
        Key = key;
        CioObjectId = cioObjectId;
        CreatedSeq = createdSeq;
    }

    public ObjectKey Key { get; }
    public string CioObjectId { get; }
    public long CreatedSeq { get; }
    public AttributeTable Attributes { get; } = new();

    /// <summary>cio_ids of related people: deleting the object must unrelate them.</summary>
    public HashSet<string> PersonCioIds { get; } = new(StringComparer.Ordinal);
}
