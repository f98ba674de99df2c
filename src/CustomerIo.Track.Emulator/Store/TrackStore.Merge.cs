namespace CustomerIo.Track.Emulator.Store;

/// <summary>merge_customers: the secondary person is folded into the primary and deleted.</summary>
public sealed partial class TrackStore
{
    public enum MergeOutcome { Merged, SecondaryNotFound, SamePerson }

    /// <summary>
    /// Moves the secondary's attributes (the primary's win on conflict), devices, events and
    /// relationships to the primary, then deletes the secondary. An unknown secondary is a no-op;
    /// an unknown primary is created first, as the service does.
    /// </summary>
    public MergeOutcome Merge(PersonRef primaryRef, PersonRef secondaryRef)
    {
        lock (_gate)
        {
            var (secondary, _) = Resolve(secondaryRef);
            if (secondary is null) return MergeOutcome.SecondaryNotFound;
            var (primary, concretePrimary) = Resolve(primaryRef);
            if (primary == secondary) return MergeOutcome.SamePerson;
            primary ??= Create(concretePrimary) ?? CreateWithCioId(concretePrimary.Value);

            // Take the secondary out of the indexes first, so its identifiers can move over.
            Remove(secondary);

            foreach (var (name, raw) in secondary.Attributes.Entries)
                primary.Attributes.TryAdd(name, raw);
            if (primary.Id is null && secondary.Id is not null && !_byId.ContainsKey(secondary.Id))
            {
                primary.Id = secondary.Id;
                _byId[secondary.Id] = primary;
            }
            if (primary.Email is null && secondary.Email is not null)
                SetEmail(primary, secondary.Email, writeAttribute: false);
            if (primary.Phone is null && secondary.Phone is not null && !_byPhone.ContainsKey(secondary.Phone))
            {
                primary.Phone = secondary.Phone;
                _byPhone[secondary.Phone] = primary;
            }

            foreach (var (id, device) in secondary.DeviceEntries)
                primary.Devices.TryAdd(id, device);
            foreach (var e in secondary.Events)
                primary.AddEvent(e);
            foreach (var (key, rel) in secondary.RelationshipEntries)
            {
                if (primary.Relationships.TryAdd(key, rel) && _objects.TryGetValue(key, out var obj))
                    obj.PersonCioIds.Add(primary.CioId);
            }
            if (primary.Attributes.TryGetValue("anonymous_id", out var anonRaw) && AsString(anonRaw) is { } anon)
                _byAnonymousId[anon] = primary;
            return MergeOutcome.Merged;
        }
    }

    /// <summary>A merge may name a primary by a cio_id nobody has yet: it then gets that cio_id.</summary>
    private Person CreateWithCioId(string cioId)
    {
        var person = new Person(cioId, ++_seq);
        _byCioId[cioId] = person;
        return person;
    }
}
