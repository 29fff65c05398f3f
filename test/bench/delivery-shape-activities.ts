/** The shapes' one local activity: it only notes when it ran, so all that is measured is Temporal's share. */
export function deliveryShapeActivities(attempted: (delivery: string) => void) {
  return {
    async send(delivery: string): Promise<void> {
      attempted(delivery);
    },
  };
}

export type DeliveryShapeActivities = ReturnType<typeof deliveryShapeActivities>;
