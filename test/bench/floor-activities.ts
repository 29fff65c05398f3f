/** The floor workflow's one local activity: it does nothing, so all that is measured is Temporal's share. */
export const floorActivities = {
  async nothing(): Promise<void> {},
};

export type FloorActivities = typeof floorActivities;
