package io.allkinds.web;

import io.allkinds.store.ChangeQueries;
import io.allkinds.store.CompareQueries;
import io.allkinds.store.CountQueries;
import io.allkinds.store.DiffQueries;
import io.allkinds.store.HistoryQueries;
import io.allkinds.store.InventoryQueries;
import io.allkinds.store.JournalTail;
import io.allkinds.store.RelationQueries;
import io.allkinds.store.SinkQueries;
import io.allkinds.store.StatusQueries;
import io.allkinds.store.StoreHealth;
import io.allkinds.store.StoreSize;

/**
 * The store's query side, as the web verticle uses it: the API's queries (on the query pool), and
 * for health checks the store's state as the writer finds it and status queries on their own pool,
 * the store's size as last measured, the sinks' state, and the queries that explain changes (window
 * diffs, relationships, comparisons).
 */
public record ApiQueries(
    StatusQueries status,
    InventoryQueries inventory,
    HistoryQueries history,
    ChangeQueries changes,
    CountQueries counts,
    JournalTail tail,
    StoreHealth storeHealth,
    StatusQueries healthStatus,
    StoreSize storeSize,
    SinkQueries sinks,
    DiffQueries diffs,
    RelationQueries relations,
    CompareQueries compare) {}
