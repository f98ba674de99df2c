using System.Management.Automation;
using System;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Cmdlets.Records;
using CustomerIo.Track.Operations.Objects;
using CustomerIo.Track.Operations;

namespace CustomerIo.Track.Cmdlets.Objects
{
    /// <summary>
    /// Add-/Remove-CioRelationship: a person (by id, email or cio_id) and an object (by type and
    /// id, or cio_object_id), from parameters or from piped rows of person-object pairs.
    /// </summary>
    public abstract class CioRelationshipCmdlet : CioEntityRowCmdlet
    {
        /// <summary>The person's id (a value starting with cio_ names a cio_id, as the service reads it).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("CustomerId", "customer_id", "person_id")]
        public string Id { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Email { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("cio_id")]
        public string CioId { get; set; }

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("object_type_id")]
        public string ObjectTypeId { get; set; }

        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
        [Alias("object_id")]
        public string ObjectId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("cio_object_id")]
        public string CioObjectId { get; set; }

        private protected PersonIdentifier Person()
        {
            string id = RecordInput.Text(Id, InputObject, RecordNames.RelationshipPersonId);
            if (!string.IsNullOrEmpty(id)) return PersonIdentifier.FromId(id, "Id", EmailIdentifiesPeople);
            string cioId = RecordInput.Text(CioId, InputObject, RecordNames.CioId);
            if (!string.IsNullOrEmpty(cioId)) return PersonIdentifier.Of("cio_id", cioId, "CioId", EmailIdentifiesPeople);
            string email = RecordInput.Text(Email, InputObject, RecordNames.Email);
            if (!string.IsNullOrEmpty(email)) return PersonIdentifier.FromEmail(email, "Email", EmailIdentifiesPeople);
            throw new RecordValidationException("Id",
                "The person is missing: give -Id, -Email or -CioId, or pipe objects with an id, customer_id, person_id, email or cio_id property.",
                "IdentifierMissing");
        }

        private protected ObjectIdentity Object() =>
            ObjectRecord.Identity(ObjectTypeId, ObjectId, CioObjectId, InputObject);

        /// <summary>Every name that identifies the person or the object (never a relationship attribute).</summary>
        internal static string[] IdentifyingNames()
        {
            var names = new System.Collections.Generic.List<string>();
            names.AddRange(RecordNames.RelationshipPersonId);
            names.AddRange(RecordNames.Email);
            names.AddRange(RecordNames.CioId);
            names.AddRange(RecordNames.ObjectTypeId);
            names.AddRange(RecordNames.ObjectId);
            names.AddRange(RecordNames.CioObjectId);
            return names.ToArray();
        }
    }
}
