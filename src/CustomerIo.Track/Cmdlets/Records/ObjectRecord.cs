using CustomerIo.Track.Operations.Objects;

namespace CustomerIo.Track.Cmdlets.Records
{
    /// <summary>The object a record names, the same for every object and relationship cmdlet.</summary>
    internal static class ObjectRecord
    {
        /// <summary>The bound parameters, else the fields of a piped hashtable (which does not bind by property name).</summary>
        public static ObjectIdentity Identity(string typeId, string objectId, string cioObjectId, object input) =>
            ObjectIdentity.From(
                RecordInput.Text(typeId, input, RecordNames.ObjectTypeId),
                RecordInput.Text(objectId, input, RecordNames.ObjectId),
                RecordInput.Text(cioObjectId, input, RecordNames.CioObjectId));
    }
}
