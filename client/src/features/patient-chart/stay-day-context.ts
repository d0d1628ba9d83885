import { createContext } from 'react';

/**
 * The admission every tooltip of the chart names its day by: "Stay day 3 (Wed 2 Dec)", day 1 being
 * the unit's date of admission (the page's one notion of day, issue 15 item 8).
 */
export const StayDayContext = createContext<{ admittedAt: string } | null>(null);
