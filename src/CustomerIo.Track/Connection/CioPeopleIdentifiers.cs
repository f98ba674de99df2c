namespace CustomerIo.Track.Connection
{
    /// <summary>
    /// Which identifiers a workspace identifies people by: a workspace setting that the Track API
    /// does not expose, so the connection states it. It decides whether an -Id value with an @ names a
    /// person by email (a v2 email identifier when batched, read as an email in a v1 path) or is just
    /// an id, so a record reaches the same person sent alone or batched.
    /// </summary>
    public enum CioPeopleIdentifiers
    {
        /// <summary>Email or ID: what new Customer.io workspaces use.</summary>
        EmailOrId,

        /// <summary>ID only: an @ in an id is part of the id; email cannot name a person.</summary>
        IdOnly,
    }
}
