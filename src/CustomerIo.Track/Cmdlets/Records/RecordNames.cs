namespace CustomerIo.Track.Cmdlets.Records
{
    /// <summary>
    /// The field names a record may use for each of its parts: a parameter's name and its aliases,
    /// which PowerShell binds from a piped object's properties and RecordInput reads from a hashtable or a
    /// CSV row (Import-Cio* read the same names). Kept once, here; the xunit RecordNamesTests check
    /// each table against the parameters' declared names and aliases, so the two cannot drift.
    /// </summary>
    internal static class RecordNames
    {
        /// <summary>A person by id: Set-CioCustomer, Send-CioEvent, Add-/Remove-CioDevice, the person actions (-Id).</summary>
        public static readonly string[] PersonId = { "Id", "CustomerId", "customer_id" };

        /// <summary>A person in a relationship cmdlet (-Id, which also takes person_id).</summary>
        public static readonly string[] RelationshipPersonId = { "Id", "CustomerId", "customer_id", "person_id" };
        public static readonly string[] Email = { "Email" };
        public static readonly string[] CioId = { "CioId", "cio_id" };

        public static readonly string[] ObjectTypeId = { "ObjectTypeId", "object_type_id" };
        public static readonly string[] ObjectId = { "ObjectId", "object_id" };
        public static readonly string[] CioObjectId = { "CioObjectId", "cio_object_id" };

        public static readonly string[] DeviceId = { "DeviceId", "device_id", "token", "DeviceToken" };

        /// <summary>Send-CioEvent's record parameters with their aliases: a row's other fields are the event data.</summary>
        public static readonly string[] EventFields =
        {
            "Id", "CustomerId", "customer_id", "AnonymousId", "anonymous_id", "Name", "EventName", "Data",
            "Timestamp", "EventId", "event_id", "Type",
        };

        /// <summary>Add-CioDevice's record parameters with their aliases: a row's other fields are device attributes.</summary>
        public static readonly string[] DeviceFields =
        {
            "Id", "CustomerId", "customer_id", "DeviceId", "device_id", "token", "DeviceToken", "Platform",
            "LastUsed", "last_used", "Attributes",
        };

        /// <summary>Submit-CioForm's record parameters with their aliases: a row's other fields are the form's.</summary>
        public static readonly string[] FormFields = { "FormId", "form_id", "Data" };
    }
}
