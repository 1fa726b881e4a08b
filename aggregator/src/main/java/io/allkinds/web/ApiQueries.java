package io.allkinds.web;

import io.allkinds.store.ChangeQueries;
import io.allkinds.store.CountQueries;
import io.allkinds.store.HistoryQueries;
import io.allkinds.store.InventoryQueries;
import io.allkinds.store.JournalTail;
import io.allkinds.store.StatusQueries;

/** The store's query side, as the web verticle uses it. */
public record ApiQueries(StatusQueries status, InventoryQueries inventory, HistoryQueries history,
    ChangeQueries changes, CountQueries counts, JournalTail tail) {}
