namespace CustomerIo.Track.Emulator.Store;

/// <summary>merge_customers: the secondary person is folded into the primary and deleted.</summary>
public sealed partial class TrackStore
{
    public enum MergeOutcome { Merged, SecondaryNotFound, PrimaryNotFound, SamePerson }

    /// <summary>
    /// Moves the secondary's attributes (the primary's win on conflict), devices, events and
    /// relationships to the primary, then deletes the secondary. An unknown secondary is a no-op, and
    /// so is an unknown primary: the file says the primary must already exist (the answer is still 200).
    /// </summary>
    public MergeOutcome Merge(PersonRef primaryRef, PersonRef secondaryRef)
    {
        lock (_gate)
        {
            var (secondary, _) = Resolve(secondaryRef);
            if (secondary is null) return MergeOutcome.SecondaryNotFound;
            var (primary, _) = Resolve(primaryRef);
            if (primary == secondary) return MergeOutcome.SamePerson;
            if (primary is null) return MergeOutcome.PrimaryNotFound;

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
}
