namespace CustomerIo.Track.Operations
{
    /// <summary>The documented Track API limits (bytes are UTF-8 bytes of the serialized JSON).</summary>
    public static class Limits
    {
        public const int IdentifierBytes = 150;
        public const int AttributeNameBytes = 150;
        public const int AttributeValueBytes = 1000;
        public const int AttributesPerIdentify = 300;
        public const int EventNameBytes = 100;
        public const int EventDataBytes = 100_000;
        public const int BatchItemBytes = 32_000;
        public const int BatchRequestBytes = 500_000;
        public const int SegmentIdsPerRequest = 1000;
        /// <summary>Nesting deeper than this is almost always a mistake (or a cycle); refuse it clearly.</summary>
        public const int MaxDepth = 20;
    }
}
