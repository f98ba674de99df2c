namespace CustomerIo.Track.Emulator.Store;

/// <summary>How a request names an object: type and id, or the service's cio_object_id.</summary>
public readonly record struct ObjectRef(ObjectKey? Key, string? CioObjectId);

/// <summary>Objects and the person-object relationships (stored on the person, indexed on the object).</summary>
public sealed partial class TrackStore
{
    private long _objectSeq;
    private readonly Dictionary<ObjectKey, CioObject> _objects = new();
    private readonly Dictionary<string, CioObject> _objectsByCioId = new(StringComparer.Ordinal);

    public IEnumerable<CioObject> Objects => _objects.Values.OrderBy(o => o.CreatedSeq);

    /// <summary>Creates or updates an object; relates/unrelates the people its cio_relationships name.</summary>
    public bool IdentifyObject(ObjectRef which, IReadOnlyList<KeyValuePair<string, RawJson?>> attributes,
        IReadOnlyList<(PersonRef Person, IReadOnlyList<KeyValuePair<string, RawJson?>> Attributes)>? relate = null)
    {
        lock (_gate)
        {
            var found = FindObject(which);
            if (found is null && which.Key is null) return false;
            // Limits over all calls, checked before anything changes.
            EntityLimits.Check(found?.Attributes, attributes, "an object", checkTotalBytes: true);
            foreach (var (who, attrs) in relate ?? [])
            {
                var rel = found is null ? null : Resolve(who).person?.FindRelationship(found.Key);
                EntityLimits.Check(rel?.Attributes, attrs, "a relationship", checkTotalBytes: true);
            }

            var obj = found ?? CreateObject(which.Key!.Value);
            Merge(obj.Attributes, attributes);
            foreach (var (who, attrs) in relate ?? [])
            {
                if (IsSuppressed(who.Value)) continue;
                var (person, concrete) = Resolve(who);
                person ??= Create(concrete);
                if (person is not null) RelateLocked(person, new RelationshipChange(obj.Key, attrs));
            }
            return true;
        }
    }

    public void DeleteObject(ObjectRef which)
    {
        lock (_gate)
        {
            if (FindObject(which) is not { } obj) return;
            foreach (var cioId in obj.PersonCioIds)
                if (_byCioId.TryGetValue(cioId, out var person)) person.RemoveRelationship(obj.Key);
            _objects.Remove(obj.Key);
            _objectsByCioId.Remove(obj.CioObjectId);
        }
    }

    /// <summary>Unrelates people from an object; an unknown object is a no-op (nothing to unrelate).</summary>
    public void UnrelateObject(ObjectRef which, IReadOnlyList<PersonRef> people)
    {
        lock (_gate)
        {
            if (FindObject(which) is not { } obj) return;
            foreach (var who in people)
                if (Resolve(who).person is { } person) UnrelateLocked(person, obj.Key);
        }
    }

    /// <summary>Relates a person to objects (creating missing objects, as the service does).</summary>
    public bool AddRelationships(PersonRef who, IReadOnlyList<RelationshipChange> changes)
    {
        lock (_gate)
        {
            if (IsSuppressed(who.Value)) return false;
            var (person, concrete) = Resolve(who);
            CheckRelationshipLimits(person, changes);
            person ??= Create(concrete);
            if (person is null) return false;
            foreach (var c in changes) RelateLocked(person, c);
            return true;
        }
    }

    public void DeleteRelationships(PersonRef who, IReadOnlyList<RelationshipChange> changes)
    {
        lock (_gate)
        {
            if (Resolve(who).person is not { } person) return;
            foreach (var c in changes) UnrelateLocked(person, c.Object);
        }
    }

    /// <summary>Finds the key of an object named by cio_object_id (or returns the key given).</summary>
    public ObjectKey? KeyOf(ObjectRef which)
    {
        lock (_gate) return which.Key ?? FindObject(which)?.Key;
    }

    // ---- helpers (caller holds the lock) ----

    private CioObject? FindObject(ObjectRef which) =>
        which.Key is { } key ? _objects.GetValueOrDefault(key)
        : which.CioObjectId is { } id ? _objectsByCioId.GetValueOrDefault(id)
        : null;

    private CioObject CreateObject(ObjectKey key)
    {
        var seq = ++_objectSeq;
        var obj = new CioObject(key, "obj" + seq.ToString("x17"), seq);
        _objects[key] = obj;
        _objectsByCioId[obj.CioObjectId] = obj;
        return obj;
    }

    /// <summary>Checks the relationships an identify or add_relationships would change, before any change.</summary>
    private static void CheckRelationshipLimits(Person? person, IReadOnlyList<RelationshipChange>? changes)
    {
        foreach (var c in changes ?? [])
            EntityLimits.Check(person?.FindRelationship(c.Object)?.Attributes, c.Attributes, "a relationship", checkTotalBytes: true);
    }

    private void RelateLocked(Person person, RelationshipChange change)
    {
        var obj = _objects.GetValueOrDefault(change.Object) ?? CreateObject(change.Object);
        if (!person.Relationships.TryGetValue(change.Object, out var rel))
            person.Relationships[change.Object] = rel = new Relationship(change.Object);
        Merge(rel.Attributes, change.Attributes);
        obj.PersonCioIds.Add(person.CioId);
    }

    private void UnrelateLocked(Person person, ObjectKey key)
    {
        person.RemoveRelationship(key);
        if (_objects.TryGetValue(key, out var obj)) obj.PersonCioIds.Remove(person.CioId);
    }

    private void ClearObjects()
    {
        _objectSeq = 0;
        _objects.Clear();
        _objectsByCioId.Clear();
    }
}
