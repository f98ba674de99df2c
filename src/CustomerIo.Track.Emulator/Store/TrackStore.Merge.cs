namespace CustomerIo.Track.Emulator.Store;

/// <summary>merge_customers: the secondary person is folded into the primary and deleted.</summary>
public sealed partial class TrackStore
{
    public enum MergeOutcome { Merged, SecondaryNotFound, PrimaryNotFound, SamePerson }

    /// <summary>
    /// Folds the secondary into the primary as the file lists it, then deletes the secondary:
    /// attributes not set or empty on the primary (the primary's values win), the secondary's
    /// events of the last 30 days, its manual segment memberships the primary lacks, and its
    /// devices. Relationships are not in the file's list: they go with the secondary. An unknown
    /// secondary is a no-op, and so is an unknown primary: the file says the primary must already
    /// exist (the answer is still 200).
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
            {
                if (!primary.Attributes.TryGetValue(name, out var mine) || IsEmptyValue(mine))
                    primary.Attributes.Set(name, raw);
            }
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
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            foreach (var e in secondary.Events)
                if (e.WithinLinkWindow(now)) primary.AddEvent(e);
            MoveSegmentMemberships(primary, secondary);
            if (primary.Attributes.TryGetValue("anonymous_id", out var anonRaw) && AsString(anonRaw) is { } anon)
                _byAnonymousId[anon] = primary;
            return MergeOutcome.Merged;
        }
    }

    /// <summary>"Not set, or empty": a JSON null, an empty string, array or object.</summary>
    private static bool IsEmptyValue(RawJson value) =>
        value.Utf8.SequenceEqual("null"u8) || value.Utf8.SequenceEqual("\"\""u8) ||
        value.Utf8.SequenceEqual("[]"u8) || value.Utf8.SequenceEqual("{}"u8);
}
