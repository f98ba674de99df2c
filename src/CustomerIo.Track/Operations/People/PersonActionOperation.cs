namespace CustomerIo.Track.Operations.People
{
    /// <summary>
    /// delete (DELETE /api/v1/customers/{id}, no body), suppress and unsuppress
    /// (POST /api/v1/customers/{id}/suppress|unsuppress with {} as the official Node client sends);
    /// v2 actions delete, suppress, unsuppress.
    /// </summary>
    internal static class PersonActionOperation
    {
        private static readonly byte[] EmptyObject = { (byte)'{', (byte)'}' };

        public static Operation Delete(PersonIdentifier who, object input) =>
            new Operation("person", "delete", who.PathValue, "DELETE", "/api/v1/customers/" + who.PathSegment,
                null, V2Item.Person(who, "delete", null), input);

        public static Operation Suppress(PersonIdentifier who, object input) => Post(who, "suppress", input);

        public static Operation Unsuppress(PersonIdentifier who, object input) => Post(who, "unsuppress", input);

        private static Operation Post(PersonIdentifier who, string action, object input) =>
            new Operation("person", action, who.PathValue, "POST", "/api/v1/customers/" + who.PathSegment + "/" + action,
                (byte[])EmptyObject.Clone(), V2Item.Person(who, action, null), input);
    }
}
